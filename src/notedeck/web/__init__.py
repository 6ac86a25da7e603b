"""The local web app (`notedeck serve`): FastAPI over the same library the CLI uses."""
