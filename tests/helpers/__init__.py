"""Helpers shared by the tests: factories, image files, admin form data, public-page checks, the browser."""
