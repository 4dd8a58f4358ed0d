// Ports the generated images listen on unless the settings choose one. Each is the usual one for
// its stack; static files get 8080 rather than 80 so the unprivileged server needs no capability.
export const NODE_PORT = 3000;
export const PYTHON_PORT = 8000;
export const GO_PORT = 8080;
export const STATIC_PORT = 8080;
