// Swagger UI over this server's own OpenAPI document; no validator badge (it would call an outside service).
window.ui = SwaggerUIBundle({
  url: '/v1/openapi.json',
  dom_id: '#swagger-ui',
  validatorUrl: null,
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: true,
});
