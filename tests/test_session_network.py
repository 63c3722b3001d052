"""The network of who knows what is built once and kept up to date: a change replaces
just the people it touched, and a network a thread built from data that has changed
since catches up with those changes instead of being thrown away (built again, at
100,000 contacts it took a second: on a board in use it never caught up)."""

from __future__ import annotations

from dataclasses import replace

from board.config import Config
from tests.helpers import add, record_calls
from widgets.session import Session


def _session(store):
    ana = add(store, "Ana Lopez", expertise=["estate planning"])
    ben = add(store, "Ben Okafor", expertise=["tax strategy"])
    return Session(store, Config()), ana, ben


def _experts(network, topic):
    return [m.contact.id for m in network.experts_for(topic)]


def test_a_change_replaces_just_its_people(store, monkeypatch):
    session, ana, ben = _session(store)
    assert _experts(session.network(), "estate planning") == [ana.id]
    scans = record_calls(monkeypatch, store, "each_sketch")
    session.data_changed(set(session.apply(lambda: store.update_contact(replace(ben, expertise=["estate planning"])))))
    assert sorted(_experts(session.network(), "estate planning")) == sorted([ana.id, ben.id])
    assert scans == []  # nobody else read again


def test_a_network_built_from_an_older_version_catches_up(store, monkeypatch):
    session, ana, ben = _session(store)
    job = session.best_titles_job([ana])  # (the thread's work, built from this version)
    session.data_changed(set(session.apply(lambda: store.update_contact(replace(ana, expertise=[])))))
    version, network, _ = job()
    assert version < session.version
    session.adopt_network(version, network)
    scans = record_calls(monkeypatch, store, "each_sketch")
    assert _experts(session.network(), "estate planning") == []  # as the data is now
    assert scans == []  # adopted, brought up to date: not built again


def test_a_network_older_than_a_change_to_anyone_is_not_kept(store, monkeypatch):
    session, ana, _ = _session(store)
    job = session.best_titles_job([ana])
    session.data_changed(None)  # anything may have changed
    version, network, _ = job()
    session.adopt_network(version, network)
    scans = record_calls(monkeypatch, store, "each_sketch")
    session.network()
    assert len(scans) == 1  # built again
