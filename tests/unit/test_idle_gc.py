"""Garbage collection between keys (zs_tui.ui.idle_gc): cycles made while
keys come are freed once the app is idle, not in the middle of a key, and a
program that ran the app gets Python's collector back as it was."""
from __future__ import annotations

import gc
import weakref

from review_data import seed_store

from zs_tui.ui.app import ReviewApp
from zs_tui.ui.idle_gc import CAP, IDLE_S, IdleCollector, start_paused


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def garbage_cycle() -> weakref.ref:
    return weakref.ref(Node())


def test_cycles_made_while_keys_come_are_freed_once_the_app_is_idle():
    now = [0.0]
    collector = IdleCollector(clock=lambda: now[0])
    before = gc.get_threshold()
    collector.start()
    try:
        assert gc.get_threshold()[0] == CAP
        gc.collect()
        dead = garbage_cycle()
        for _ in range(before[0] + 10):  # past Python's own threshold (700), under the cap
            garbage_cycle()
        collector.input_seen()
        now[0] += IDLE_S / 2
        assert collector.tick() is None and dead() is not None  # a key came just now: nothing collected
        now[0] += IDLE_S
        assert collector.tick() is not None and dead() is None
    finally:
        collector.stop()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_collection_is_due_only_past_pythons_own_threshold():
    collector = IdleCollector(clock=lambda: 0.0)
    collector.start()
    try:
        gc.collect()
        assert collector.collect_due() is None
        for _ in range(gc.get_count()[0] + collector._thresholds[0] + 1):  # type: ignore[index]
            garbage_cycle()
        assert collector.collect_due() is not None
    finally:
        collector.stop()


async def test_after_the_app_quits_the_collector_is_as_it_was(tmp_path):
    before = gc.get_threshold()
    store = seed_store(tmp_path / "a.db")
    async with ReviewApp(store, "ann", clock=lambda: 0.0).run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "x")
        await pilot.pause()
        assert gc.get_threshold()[0] == CAP  # running: collections wait for the frames
    store.close()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_two_apps_in_one_program_stopping_in_either_order_give_python_its_settings_back():
    before = gc.get_threshold()
    first, second = IdleCollector(), IdleCollector()
    first.start()
    second.start()
    first.stop()
    assert gc.get_threshold()[0] == CAP  # the second still runs
    second.stop()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_garbage_in_the_oldest_generation_is_freed_key_after_key_with_no_pause():
    """A walk through articles with n, say: the collections come after each
    key's frame, the oldest generation's too when due, so garbage that lived
    long enough to reach it does not pile up while keys keep coming."""
    collector = IdleCollector(clock=lambda: 0.0)  # never idle
    collector.start()
    try:
        young, middle, old = collector._thresholds  # type: ignore[misc]
        node = Node()
        dead = weakref.ref(node)
        gc.collect(1)  # it survives (still referenced): now in the oldest generation
        del node  # garbage there: only a collection of the oldest generation frees it
        for _ in range((middle + 1) * (old + 1)):
            for _ in range(young + 1):
                garbage_cycle()
            collector.input_seen()
            collector.collect_due()  # after the key's frame
        assert dead() is None
    finally:
        collector.stop()


def test_no_collection_between_the_start_and_the_first_frame_then_as_before():
    """``zs-tui review`` starts paused: importing Textual and building the
    first screen made some 130 collections (60-100 ms of its start); the
    collector runs again from the first frame (``start``), and a program that
    ran the app has it as it was."""
    before = gc.get_threshold()
    collections = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        with start_paused():
            for _ in range(10 * before[0]):
                garbage_cycle()
            assert collections == []
            collector = IdleCollector(clock=lambda: 0.0)
            collector.start()  # the first frame
            assert gc.isenabled() and gc.get_threshold()[0] == CAP
            dead = garbage_cycle()
            for _ in range(CAP + 1):
                garbage_cycle()
            assert collections and dead() is None  # made after the first frame: collected
            collector.stop()
            assert not gc.isenabled()  # still paused: the app is not over yet
        assert gc.isenabled() and gc.get_threshold() == before and gc.get_freeze_count() == 0
    finally:
        gc.callbacks.remove(seen)


def test_an_app_that_never_reached_its_first_frame_leaves_the_collector_on():
    try:
        with start_paused():
            raise RuntimeError("the database is busy")
    except RuntimeError:
        pass
    assert gc.isenabled()
