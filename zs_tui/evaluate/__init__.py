"""Suggestions scored against gold: strict and boundary precision / recall / F1."""
