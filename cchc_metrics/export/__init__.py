"""Charts out of the app: server-side PNG rendering (render), the briefing's slide set (briefing),
and the files made from it: PowerPoint deck, ZIP of PNGs, PDF (files).
"""
