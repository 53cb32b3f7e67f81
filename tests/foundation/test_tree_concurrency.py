"""PostgreSQL: two editors who each add half of a loop at the same time cannot make one together."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, connections, transaction

from orgs.models import Region
from strategies.models import Strategy
from tests.factories import RegionFactory, StrategyFactory

WAIT_SECONDS = 30


def waiting_for_a_lock():
    """Say whether another session of this database waits for a lock."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


@pytest.mark.parametrize(
    ("factory", "model"), [(RegionFactory, Region), (StrategyFactory, Strategy)], ids=["region", "strategy"]
)
def test_two_halves_of_a_loop_written_at_once_are_not_both_saved(transactional_db, factory, model):
    first, second = factory(), factory()
    second_started, second_done = threading.Event(), threading.Event()
    outcome = {}

    def put_second_under_first():
        try:
            with transaction.atomic():
                second_started.set()
                model.objects.filter(pk=second.pk).update(parent=first)
            outcome["second"] = "saved"
        except IntegrityError:
            outcome["second"] = "refused"
        finally:
            connections.close_all()
            second_done.set()

    with transaction.atomic():
        model.objects.filter(pk=first.pk).update(parent=second)
        worker = threading.Thread(target=put_second_under_first)
        worker.start()
        assert second_started.wait(WAIT_SECONDS)
        # Commit only once the other write is blocked on the tree lock or, without one, has finished.
        deadline = time.monotonic() + WAIT_SECONDS
        while not (second_done.is_set() or waiting_for_a_lock()) and time.monotonic() < deadline:
            second_done.wait(0.01)
    worker.join(WAIT_SECONDS)

    assert outcome == {"second": "refused"}
    assert model.objects.get(pk=first.pk).parent_id == second.pk
    assert model.objects.get(pk=second.pk).parent_id is None
