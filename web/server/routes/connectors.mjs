// The catalog, read-only: the connector definitions that passed validation at start.
import { notFound } from '../errors.mjs';

export default function connectorRoutes(app, { validation }) {
  app.get('/api/connectors', () => ({ data: validation.connectors() }));

  app.get('/api/connectors/:connectorId', (request) => {
    const connector = validation.connector(request.params.connectorId);
    if (!connector) throw notFound('No such connector.');
    return connector;
  });
}
