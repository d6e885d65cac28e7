"""python -m parkdb"""

from .cli import main

main()
