"""One module per screen; each is an `APIRouter` the app factory includes."""
