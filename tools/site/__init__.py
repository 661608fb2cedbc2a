"""Publishing: the edition, editions, releases, publishing a build, and the benchmark."""
