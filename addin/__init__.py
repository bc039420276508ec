"""What puts Trappen's functions into Excel, and the headless refresh (see README: Architecture).

The rooms: ``excel/`` and ``workbook/`` at the bottom, ``engine/`` on ``workbook/``, ``app/`` on both, the
command line (``cli``) on top, started by ``__main__`` (the ``trappen`` command).
"""
