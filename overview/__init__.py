"""The top layer: the dashboards, the read API and the scale data read every feature app; nothing imports them."""
