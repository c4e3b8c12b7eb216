"""The web app: FastAPI with server-rendered Jinja2 pages and a JSON API. Routes are thin: they
validate input, call one function of the core and render the result."""
