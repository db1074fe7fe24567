"""``manage.py benchmark_stats`` : mesure le pilotage et les pages des dossiers sur un volume national.

Par défaut, la mesure se fait dans une **base dédiée** : un fichier SQLite temporaire (ou la base donnée par
``--base-dediee URL``, par exemple ``postgres://postgres@127.0.0.1:5432/binome_pilotage``), migrée puis
remplie par un sous-processus ; la base de travail n'est pas touchée. Avec ``--base-courante``, la mesure se
fait dans la base courante (``DATABASE_URL``) ; les données générées (identifiants « BENCH-… ») y sont
supprimées à la fin, sauf ``--garder``.

Volume (``--prereglage`` national, departemental, moyen ou petit ; ou ``--parcours``) : des parcours répartis sur
les départements au prorata de leur population, entrées étalées sur 8 ans (~15 % actifs), ~15 contacts par
parcours (``--contacts-par-parcours``), 30 professionnels par département (voir ``_generation_stats``).
Mesures (issue 17, ``binome.core.benchmark.mesurer``) : p50 et p95 sur ``--repetitions`` après échauffement, le
plancher SQL (les requêtes de la mesure rejouées seules) et le ratio ; d'abord les fonctions (``stats``, tableau de
bord), puis les pages par le client de test connecté (portefeuille, fiche, contacts, recherche, tableaux de bord,
accueil, profil : les petites pages, jugées sur « p50 ≤ 3 × plancher SQL + 10 ms »).
Le tout est écrit dans ``benchmark.json`` (section « benchmark_stats »).
"""

import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.accompagnement import enums as e
from binome.accompagnement.models import Contact, Parcours, Personne
from binome.core import benchmark as b
from binome.pilotage import indicateurs, services, tableau
from binome.pilotage.definitions import definition_applicable
from binome.pilotage.forms import periode_par_defaut
from binome.pilotage.management.commands import _generation_stats as g
from binome.pilotage.management.commands.stats import statistiques, statistiques_nationales
from binome.pilotage.selectors import Perimetre
from binome.territoires.models import Departement

PREFIXE = g.PREFIXE


class Command(BaseCommand):
    help = _("Mesure le pilotage et les pages des dossiers sur un volume national (par défaut 1 000 000 de parcours).")

    def add_arguments(self, parser):
        parser.add_argument("--prereglage", choices=sorted(g.PREREGLAGES), default="national")
        parser.add_argument("--parcours", type=int, default=0, help=_("Nombre de parcours (remplace le préréglage)."))
        parser.add_argument("--contacts-par-parcours", type=int, default=15)
        parser.add_argument("--repetitions", type=int, default=5)
        parser.add_argument("--repetitions-pages", type=int, default=20)
        parser.add_argument("--graine", type=int, default=20261125)
        parser.add_argument("--petit", default="15", help=_("Code du petit département mesuré (défaut : Cantal)."))
        parser.add_argument("--sans-pages", action="store_true", help=_("Mesure les fonctions seulement."))
        parser.add_argument(
            "--exports-seulement", action="store_true", help=_("Mesure les exports seulement (extrait FSE+).")
        )
        parser.add_argument("--json", default=b.CHEMIN_JSON, help=_("Fichier des mesures (défaut : benchmark.json)."))
        parser.add_argument("--base-courante", action="store_true", help=_("Mesure dans la base courante."))
        parser.add_argument("--base-dediee", default="", help=_("URL de la base dédiée (défaut : SQLite temporaire)."))
        parser.add_argument("--garder", action="store_true", help=_("Garde les données générées."))
        parser.add_argument(
            "--reutiliser",
            action="store_true",
            help=_("Mesure sur les données générées par un passage précédent (avec --garder), sans régénérer."),
        )
        parser.add_argument("--sans-progression", action="store_true")

    def handle(self, *args, **options):
        if options["base_courante"]:
            return self._mesurer_ici(options)
        valeurs = ["prereglage", "parcours", "contacts_par_parcours", "repetitions", "repetitions_pages", "graine"]
        b.mesurer_dans_base_dediee(
            commande="benchmark_stats",
            arguments=b.arguments_transmis(
                {**options, "json": str(b.chemin_absolu(options["json"]))},
                [*valeurs, "petit", "json"],
                ["sans_progression", "garder", "reutiliser", "sans_pages", "exports_seulement"],
            ),
            base_dediee=options["base_dediee"],
            stdout=self.stdout,
        )

    # --- Mesure dans la base courante ---------------------------------------------------------------------
    def _mesurer_ici(self, options):
        self.stdout.write(b.base_mesuree())  # en tête : la base que la mesure décrit (issue 17)
        if not Departement.objects.exists():
            self.stdout.write(_("Aucun département en base : chargement des référentiels."))
            call_command("charger_referentiels", "--sans-progression", stdout=self.stdout)
        volume = self._preparer(options)
        # La période par défaut des tableaux de bord : celle que voient les pages et que la tâche de nuit précalcule.
        periode = indicateurs.Periode(*periode_par_defaut(timezone.localdate()))
        volumes = dict(
            Parcours.objects.filter(modalite_entree=e.Modalite.GLOBAL)
            .values("departement")
            .annotate(n=Count("pk"))
            .values_list("departement", "n")
        )
        petit = options["petit"] if options["petit"] in volumes else min(volumes, key=volumes.get)
        gros = max(volumes, key=volumes.get)
        self.stdout.write(
            _("Période mesurée : %(du)s → %(au)s ; durées en ms (p50, p95 ; plancher SQL p50 ; requêtes ; ratio)")
            % {"du": periode.du, "au": periode.au}
        )
        if options["exports_seulement"]:  # pour suivre le coût des exports seul, sans le reste (plusieurs minutes)
            mesures = self._exports(gros, periode, options["repetitions_pages"])
            self.stdout.write(b.tableau_lisible(mesures))
        else:
            volume.update(self._rafraichir_agregats(periode))
            mesures = self._fonctions(periode, volumes, [petit, gros], options["repetitions"])
            self.stdout.write(b.tableau_lisible(mesures))
        if not options["sans_pages"] and not options["exports_seulement"]:
            pages = self._pages(gros, periode, options["repetitions_pages"])
            self.stdout.write(b.tableau_lisible(pages))
            mesures += pages
        document = b.ecrire_json("benchmark_stats", {"volume": volume, "mesures": mesures}, chemin=options["json"])
        self.stdout.write(b.tableau_objectifs(document))
        if not options["garder"]:
            g.nettoyer()

    def _preparer(self, options) -> dict:
        """Génère (ou réutilise) le volume, met à jour les statistiques du planificateur ; rend le volume."""
        nombre = options["parcours"] or g.PREREGLAGES[options["prereglage"]]
        volume = {"prereglage": "" if options["parcours"] else options["prereglage"], "parcours_demandes": nombre}
        if options["reutiliser"] and Personne.objects.filter(identifiant_ft__startswith=PREFIXE).exists():
            self.stdout.write(_("Données générées réutilisées (aucune génération)."))
        else:
            g.nettoyer()
            debut = time.perf_counter()
            barre = tqdm(
                total=nombre, disable=options["sans_progression"], desc=_("Génération"), unit="parc.", file=self.stderr
            )
            contacts = g.generer(
                nombre,
                random.Random(options["graine"]),
                contacts_par_parcours=options["contacts_par_parcours"],
                barre=barre,
            )
            barre.close()
            duree = time.perf_counter() - debut
            debit = (nombre + contacts) / duree if duree else 0
            volume.update({"generation_s": round(duree, 1), "lignes_par_s": round(debit)})
            self.stdout.write(
                _("%(p)s parcours et %(c)s contacts générés en %(s).1f s (%(d)s lignes/s).")
                % {"p": nombre, "c": contacts, "s": duree, "d": round(debit)}
            )
        self._statistiques_du_planificateur()
        volume.update(
            {
                "parcours": Parcours.objects.count(),
                "parcours_actifs": Parcours.objects.filter(date_sortie=None).count(),
                "contacts": Contact.objects.count(),
                "moteur": connection.vendor,
            }
        )
        self.stdout.write(
            _("%(n)s parcours en base (moteur %(m)s), dont %(a)s actifs ; %(c)s contacts.")
            % {
                "n": volume["parcours"],
                "m": connection.vendor,
                "a": volume["parcours_actifs"],
                "c": volume["contacts"],
            }
        )
        return volume

    def _fonctions(self, periode, volumes, codes, repetitions) -> list[dict]:
        mesures = []
        for code in dict.fromkeys(codes):
            departement = Departement.objects.get(code=code)
            mesures.append(
                b.mesurer(
                    lambda code=code: self._stats(code, periode),
                    libelle=_("stats --format json, %(d)s (%(n)s parcours globaux)")
                    % {"d": departement, "n": volumes[code]},
                    repetitions=repetitions,
                )
            )
            perimetre = Perimetre(departement=departement, masque=False, detail_organisations=True)
            mesures.append(
                b.mesurer(
                    lambda perimetre=perimetre: tableau.construire(
                        perimetre, e.Modalite.GLOBAL, periode, date_donnees=timezone.localtime()
                    ),
                    libelle=_("tableau de bord complet, %(d)s") % {"d": departement},
                    repetitions=repetitions,
                )
            )
        mesures.append(
            b.mesurer(
                lambda: statistiques_nationales(periode, e.Modalite.GLOBAL, date_donnees=periode.au),
                libelle=_("stats --national, France entière (%(n)s parcours globaux)") % {"n": sum(volumes.values())},
                repetitions=repetitions,
            )
        )
        national = Perimetre(departement=None, masque=True)
        mesures.append(
            b.mesurer(
                lambda: tableau.construire(national, e.Modalite.GLOBAL, periode, date_donnees=timezone.localtime()),
                libelle=_("tableau de bord national, France entière (indicateurs, série, comparaison)"),
                repetitions=repetitions,
            )
        )
        return mesures

    def _pages(self, code, periode, repetitions) -> list[dict]:
        """Les pages par le client de test, sous les comptes de mesure du plus gros département."""
        comptes = g.comptes_de_mesure(code)
        conseiller, pilote = b.client_connecte(comptes["conseiller"]), b.client_connecte(comptes["pilote"])
        national = b.client_connecte(comptes["national"])
        dates = f"du={periode.du.isoformat()}&au={periode.au.isoformat()}"
        pages = [
            (conseiller, reverse("accompagnement:portefeuille"), _("page portefeuille (conseiller)"), b.PETITE_PAGE),
            (
                conseiller,
                reverse("accompagnement:personne", args=[comptes["personne"]]),
                _("page fiche personne"),
                b.PETITE_PAGE,
            ),
            (
                conseiller,
                reverse("accompagnement:contacts", args=[comptes["parcours"]]),
                _("page contacts d'un parcours"),
                b.PETITE_PAGE,
            ),
            (
                conseiller,
                reverse("accompagnement:personnes") + "?q=martin",
                _("page recherche de personne « martin »"),
                b.PETITE_PAGE,
            ),
            (
                pilote,
                f"{reverse('pilotage:tableau_de_bord')}?departement={code}&{dates}",
                _("page tableau de bord, département %(d)s") % {"d": code},
                b.TABLEAU_DEPARTEMENT,
            ),
            (national, f"{reverse('pilotage:national')}?{dates}", _("page tableau national"), b.TABLEAU_NATIONAL),
            # Le coût fixe d'une page seule : l'accueil (lignes « À faire ») et une page presque sans données.
            (conseiller, reverse("core:accueil"), _("page accueil (conseiller)"), b.PETITE_PAGE),
            (conseiller, reverse("comptes:profil"), _("page profil (page simple)"), b.PETITE_PAGE),
        ]
        mesures = [
            b.mesurer_page(client, url, libelle=libelle, repetitions=repetitions, objectif=objectif)
            for client, url, libelle, objectif in pages
        ]
        return mesures + self._exports(code, periode, repetitions, comptes=comptes)

    def _exports(self, code, periode, repetitions, *, comptes=None) -> list[dict]:
        """Exports lus jusqu'au bout (réponse en flux) : l'extrait FSE+ de l'agence du conseiller, par l'encadrant."""
        comptes = comptes or g.comptes_de_mesure(code)
        dates = f"du={periode.du.isoformat()}&au={periode.au.isoformat()}"
        mesures = []
        encadrant = b.client_connecte(comptes["encadrant"])
        fse = f"{reverse('pilotage:export_fse')}?departement={code}&organisation={comptes['agence']}&{dates}"
        for url, libelle, objectif in (
            (fse, _("export FSE+ CSV de l'agence"), b.EXPORT_CSV),
            (f"{fse}&format=xlsx", _("export FSE+ XLSX de l'agence"), b.EXPORT_XLSX),
        ):
            fois = max(2, repetitions // 4)  # un export est long : moins de passages que les pages
            mesures.append(b.mesurer_export(encadrant, url, libelle=libelle, repetitions=fois, objectif=objectif))
        return mesures

    def _rafraichir_agregats(self, periode) -> dict:
        """Les agrégats du pilotage de la période mesurée, comme la tâche de nuit les calcule : les pages des tableaux
        de bord les lisent ; les fonctions « tableau de bord » mesurent le calcul direct (le repli)."""
        debut = time.perf_counter()
        lignes = services.agregats_rafraichir(periode=periode)
        duree = round(time.perf_counter() - debut, 1)
        self.stdout.write(_("Agrégats du pilotage rafraîchis : %(n)s lignes en %(s)s s.") % {"n": lignes, "s": duree})
        return {"agregats_lignes": lignes, "agregats_s": duree}

    def _statistiques_du_planificateur(self):
        """PostgreSQL : ``ANALYZE``, comme le ferait l'autovacuum après un gros chargement. SQLite : pas
        d'``ANALYZE`` (Django n'en lance jamais ; avec les statistiques, SQLite choisit pour le calcul national
        un « skip-scan » de l'index (département, modalité, date d'entrée) cinq à dix fois plus lent qu'un
        parcours de la table) ; les statistiques d'un passage précédent sont retirées."""
        with connection.cursor() as curseur:
            if connection.vendor == "postgresql":
                curseur.execute("ANALYZE")
                self.stdout.write(_("Statistiques du planificateur : ANALYZE."))
            elif connection.vendor == "sqlite":
                curseur.execute("SELECT name FROM sqlite_master WHERE name IN ('sqlite_stat1', 'sqlite_stat4')")
                for (table,) in curseur.fetchall():
                    curseur.execute(f"DELETE FROM {table}")
                # « ANALYZE sqlite_schema » fait relire au planificateur les tables de statistiques (vidées).
                curseur.execute("ANALYZE sqlite_schema")
                self.stdout.write(_("Statistiques du planificateur : aucune (SQLite par défaut)."))

    @staticmethod
    def _stats(code, periode):
        parcours = indicateurs.de_modalite(Parcours.objects.filter(departement_id=code), e.Modalite.GLOBAL)
        return statistiques(parcours, periode, definition_applicable(code, periode.au), date_donnees=periode.au)
