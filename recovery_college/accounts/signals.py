"""Signals through which apps that build on accounts take part in an account's life
without accounts importing them (imports point one way: recovery_college ← trainers ←
workshops)."""

from django.dispatch import Signal

# Sent with `user` when a person downloads their data. Each receiver returns
# (section name, plain data) for the download.
personal_data_requested = Signal()
