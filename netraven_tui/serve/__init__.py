"""`netraven-tui serve`: the console over SSH (asyncssh) and a web door (textual-serve).

One long-running process holds the scheduler (a normal leader candidate) and serves the app's
own users: each SSH session gets its own console process, logged in as that user and never the
leader, so a dropped connection never touches a run. Nothing here imports Textual: consoles run
in child processes.
"""
