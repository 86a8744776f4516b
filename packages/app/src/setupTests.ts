import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Lazy extensions and API calls take longer than the default second when the
// two cores of a CI machine are busy with other test workers.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);
