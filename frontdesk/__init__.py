"""Front Desk: domain services, config, language and the command line."""
