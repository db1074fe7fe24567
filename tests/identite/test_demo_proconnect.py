"""La démonstration (make run) : le fournisseur OpenID de test du Procfile connaît les agents de démonstration."""

import json
import re
import shlex
from pathlib import Path

from honcho.environ import parse_procfile

from binome.comptes.models import Role
from binome.demo.socle import PERSONAS

RACINE = Path(__file__).resolve().parents[2]


def _ligne_oidc() -> list[str]:
    procfile = parse_procfile((RACINE / "Procfile").read_text(encoding="utf-8"))
    return shlex.split(procfile.processes["oidc"])


def _utilisateurs() -> list[dict]:
    argv = _ligne_oidc()
    return [json.loads(argv[i + 1]) for i, mot in enumerate(argv) if mot == "--user-claims"]


def test_le_procfile_lance_le_fournisseur_de_test():
    argv = _ligne_oidc()
    assert argv[:5] == ["python", "-m", "oidc_provider_mock", "--port", "9400"]
    assert "--require-nonce" in argv


def test_les_agents_presentes_sont_des_utilisateurs_predefinis():
    utilisateurs = {u["email"]: u for u in _utilisateurs()}
    presentes = {p.email: p for p in PERSONAS if p.presente}
    assert set(utilisateurs) == set(presentes)
    for email, revendications in utilisateurs.items():
        persona = presentes[email]
        assert revendications["sub"] == email
        assert (revendications["given_name"], revendications["usual_name"]) == (persona.prenom, persona.nom)
        assert re.fullmatch(r"\d{14}", revendications["siret"])
        assert ("mfa" in revendications["amr"]) == (persona.role == Role.ADMIN_DEPARTEMENTAL)


def test_make_run_configure_proconnect_sur_le_fournisseur_de_test():
    makefile = (RACINE / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^PROCONNECT_ISSUER \?= http://127\.0\.0\.1:9400$", makefile, re.MULTILINE)
    cible = re.search(r"^run: .*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    for reglage in ("PROCONNECT_ISSUER", "PROCONNECT_CLIENT_ID", "PROCONNECT_CLIENT_SECRET"):
        assert f"{reglage}=$({reglage})" in cible
    assert "DEBUG=1" in cible


def test_la_csp_permet_aux_formulaires_de_mener_au_fournisseur():
    """Bouton ProConnect et déconnexion : la redirection vers le fournisseur suit un formulaire (form-action)."""
    import os
    import subprocess
    import sys

    code = "from binome import settings as s; print(' '.join(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']))"
    environnement = {**os.environ, "DEBUG": "1", "PROCONNECT_ISSUER": "https://auth.proconnect.exemple/api/v2"}
    sortie = subprocess.run(
        [sys.executable, "-c", code], env=environnement, capture_output=True, text=True, check=True, cwd=RACINE
    )
    assert sortie.stdout.split() == ["'self'", "https://auth.proconnect.exemple"]
    environnement.pop("PROCONNECT_ISSUER")
    environnement.pop("FRANCECONNECT_ISSUER", None)
    sortie = subprocess.run(
        [sys.executable, "-c", code], env=environnement, capture_output=True, text=True, check=True, cwd=RACINE
    )
    assert sortie.stdout.split() == ["'self'"]
