"""The exercise library: the conditions table and the pose drawings."""
