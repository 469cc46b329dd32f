// The catalog, read-only: the connector definitions that passed validation at start.
import { notFound } from '../http/errors.mjs';
import { SIGNED_IN } from '../http/access.mjs';

export default function connectorRoutes(app, { validation }) {
  app.get('/api/connectors', SIGNED_IN, () => ({ data: validation.connectors() }));

  app.get('/api/connectors/:connectorId', SIGNED_IN, (request) => {
    const connector = validation.connector(request.params.connectorId);
    if (!connector) throw notFound('No such connector.');
    return connector;
  });
}
