"""Role and term vocabulary as data (roles.json)."""
