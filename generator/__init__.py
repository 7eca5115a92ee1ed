"""Familjecentralsguiden: load -> validate -> resolve -> render -> export."""
