"""One module per page group; each exposes `router` (an APIRouter) and is included automatically."""
