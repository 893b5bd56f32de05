"""Blueprints: auth, facilitator (dashboard and sessions), present (projector and control), participant."""
