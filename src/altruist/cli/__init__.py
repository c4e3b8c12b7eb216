"""The command-line surface. Each module here adds one command group through `register(app)`."""
