"""Freedom of Information requests: the statutory clock, the guide's letters, and the workflows."""
