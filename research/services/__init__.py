"""Writes of the research app, one module per family of actions (studies, participants, interviews, ...)."""
