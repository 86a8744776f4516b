import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { formatDateTime } from '../../utils/format';

/** Whether the audit trail's hash chain is intact, as the server checks it. */
export const AuditIntegrity = () => {
  const api = useApi(ownershipApiRef);
  const { value, error } = useAsync(() => api.getAuditIntegrity(), [api]);
  if (error) {
    return (
      <Alert severity="warning" data-testid="audit-integrity">
        The integrity of the audit trail could not be checked: {error.message}
      </Alert>
    );
  }
  if (!value) {
    return null;
  }
  return value.intact ? (
    <Alert severity="success" data-testid="audit-integrity" data-intact="true">
      Hash chain intact, {value.checked} rows checked (
      {formatDateTime(value.checkedAt)}).
    </Alert>
  ) : (
    <Alert severity="error" data-testid="audit-integrity" data-intact="false">
      Hash chain broken at row {value.firstBrokenId ?? 'unknown'}: the audit
      trail was changed after it was written. {value.checked} rows checked (
      {formatDateTime(value.checkedAt)}).
    </Alert>
  );
};
