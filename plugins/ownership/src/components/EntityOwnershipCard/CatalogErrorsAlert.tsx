import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { CatalogProcessingError } from '@service-ownership/plugin-ownership-common';

/**
 * The catalog's processing errors for the entity: the catalog then keeps
 * serving the last version it could process, which is what the card shows.
 */
export const CatalogErrorsAlert = ({
  errors,
}: {
  errors: CatalogProcessingError[];
}) => (
  <Alert
    severity="error"
    data-testid="ownership-catalog-errors"
    style={{ overflowWrap: 'anywhere', wordBreak: 'break-word' }}
  >
    <AlertTitle>
      The catalog could not process the latest version of this entity
    </AlertTitle>
    {errors.map((error, index) => (
      <div key={index} data-testid="catalog-error">
        {error.name ? `${error.name}: ` : ''}
        {error.message}
      </div>
    ))}
    <div>
      The data shown here is the last version the catalog could process; fix
      catalog-info.yaml to see your latest changes.
    </div>
  </Alert>
);
