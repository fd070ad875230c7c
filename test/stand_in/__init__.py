"""A local GitHub stand-in (OAuth web flow + the REST calls orggate makes) for tests and `make demo`."""
