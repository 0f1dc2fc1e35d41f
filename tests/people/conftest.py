# Profiles are served under the blog (people.pages.PersonProfilesMixin).
from tests.blog.conftest import blog_index  # noqa: F401
