"""What production refuses as SECRET_KEY; kept apart so it can be imported without a key."""

# Django's own check (security.W009) asks for at least 50 characters.
SECRET_KEY_MIN_LENGTH = 50
# The value .env.example ships with: a copied file must not become a deployment's key.
SECRET_KEY_PLACEHOLDER = "change-me-to-a-long-random-string-of-at-least-50-characters"
SECRET_KEY_MISSING = "Set SECRET_KEY to a long random value for production."
SECRET_KEY_TOO_SHORT = "SECRET_KEY is shorter than 50 characters; set a long random value for production."
SECRET_KEY_IS_PLACEHOLDER = "SECRET_KEY is the placeholder from .env.example; set a long random value for production."


def secret_key_problem(value):
    """Return why `value` cannot be a production SECRET_KEY, or None when it can."""
    if not value or value.startswith("django-insecure"):
        return SECRET_KEY_MISSING
    if value == SECRET_KEY_PLACEHOLDER:
        return SECRET_KEY_IS_PLACEHOLDER
    if len(value) < SECRET_KEY_MIN_LENGTH:
        return SECRET_KEY_TOO_SHORT
    return None
