"""The clause library: loading clause files, choosing variants and rendering their text."""
