from binome.core.benchmark import arguments_transmis


def test_arguments_transmis_au_sous_processus():
    options = {"services": 300, "graine": 7, "garder": True, "sans_progression": False}
    assert arguments_transmis(options, ["services", "graine"], ["garder", "sans_progression"]) == [
        "--services",
        "300",
        "--graine",
        "7",
        "--garder",
    ]
