from app.cli import app

app()
