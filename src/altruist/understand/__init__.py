"""Understanding people and posts: embeddings, needs and offers, the user's knowledge profile."""
