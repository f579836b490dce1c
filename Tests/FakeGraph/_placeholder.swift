enum _PlaceholderFakeGraph {}
