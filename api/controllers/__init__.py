"""Thin HTTP handlers: parse, check access, call one domain function, return a Struct."""
