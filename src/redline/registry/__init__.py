"""The model registry: AI models, versioned scope statements and deployments."""
