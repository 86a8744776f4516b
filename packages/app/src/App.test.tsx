import { render, screen, within } from '@testing-library/react';
import App from './App';

describe('App', () => {
  const env = process.env;

  beforeEach(() => {
    process.env = {
      ...env,
      NODE_ENV: 'test',
      // The app reads its config from here, as an array injected at build time.
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as unknown as string,
    };
  });

  afterEach(() => {
    process.env = env;
  });

  it('offers guest sign-in when nobody is signed in', async () => {
    render(<App />);

    expect(
      await screen.findByRole('heading', { name: 'Test' }),
    ).toBeInTheDocument();
    const guest = (await screen.findByText('Guest')).closest('li');
    expect(guest).not.toBeNull();
    expect(guest).toHaveTextContent('Enter as a Guest User');
    expect(
      within(guest!).getByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
  });
});
