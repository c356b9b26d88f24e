"""Where the repositories are, and in which order they are searched (BALLERINA.md section 4)."""

from __future__ import annotations

from pathlib import Path

from balmod.repository import Repository, RepositoryKind, RepositoryRoots


def test_explicit_arguments_win_over_environment(tmp_path: Path) -> None:
    environ = {"BALLERINA_HOME": "/env/dist", "BALLERINA_HOME_DIR": "/env/user", "HOME": "/h"}
    roots = RepositoryRoots.from_environment(tmp_path / "dist", tmp_path / "user", environ)
    assert roots == RepositoryRoots(ballerina_home=tmp_path / "dist", user_home=tmp_path / "user")


def test_environment_variables() -> None:
    environ = {"BALLERINA_HOME": "/opt/ballerina", "BALLERINA_HOME_DIR": "/data/bal", "HOME": "/h"}
    roots = RepositoryRoots.from_environment(environ=environ)
    assert roots.ballerina_home == Path("/opt/ballerina")
    assert roots.user_home == Path("/data/bal")


def test_defaults_without_environment() -> None:
    roots = RepositoryRoots.from_environment(environ={"HOME": "/home/ann", "BALLERINA_HOME": " "})
    assert roots.ballerina_home is None
    assert roots.user_home == Path("/home/ann/.ballerina")


def test_search_order_and_paths(tmp_path: Path) -> None:
    user = tmp_path / "user"
    for repo_id in ("central.ballerina.io", "local", "zeta", "alpha", ".hidden"):
        (user / "repositories" / repo_id / "bala").mkdir(parents=True)
    (user / "repositories" / "not-a-repo").mkdir()  # no bala/ inside: not a repository
    (user / "repositories" / "stray-file").write_text("x")
    roots = RepositoryRoots(ballerina_home=tmp_path / "dist", user_home=user)

    repos = roots.repositories()

    assert repos == (
        Repository(RepositoryKind.DISTRIBUTION, "distribution", tmp_path / "dist/repo/bala"),
        Repository(
            RepositoryKind.CENTRAL,
            "central.ballerina.io",
            user / "repositories/central.ballerina.io/bala",
        ),
        Repository(RepositoryKind.CUSTOM, "alpha", user / "repositories/alpha/bala"),
        Repository(RepositoryKind.CUSTOM, "zeta", user / "repositories/zeta/bala"),
        Repository(RepositoryKind.LOCAL, "local", user / "repositories/local/bala"),
    )
    assert [r.label for r in repos] == [
        "distribution",
        "Central cache",
        "custom 'alpha'",
        "custom 'zeta'",
        "local",
    ]


def test_no_distribution_and_no_user_home_yet(tmp_path: Path) -> None:
    roots = RepositoryRoots(ballerina_home=None, user_home=tmp_path / "missing")
    assert [r.kind for r in roots.repositories()] == [RepositoryKind.CENTRAL, RepositoryKind.LOCAL]
