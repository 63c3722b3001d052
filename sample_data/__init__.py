"""The sample network (network.json) behind `trustboard --demo`; shipped as package data."""
