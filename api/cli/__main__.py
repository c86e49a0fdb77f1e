"""``python -m api.cli``: the same CLI as the ``saveworthy`` script."""

from api.cli import main

main()
