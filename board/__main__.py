"""`python -m board` runs the trustboard command."""

from board.cli import main

if __name__ == "__main__":
    main()
