"""Journal des accès partitionné (issue 17) : plusieurs chaînes par département (« 75/0 » … « 75/7 »,
« plateforme/k »), d'où des noms plus longs. Aucune donnée à reprendre : les chaînes existantes (« 75 »,
« plateforme ») gardent leur nom, leurs lignes et leur tête scellée, et restent vérifiées ; les lignes nouvelles
vont dans les chaînes partitionnées. Agrandir un ``varchar`` ne réécrit ni la table ni ses index (PostgreSQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("confiance", "0004_alter_entreejournal_action"),
    ]

    operations = [
        migrations.AlterField(
            model_name="chainejournal",
            name="nom",
            field=models.CharField(max_length=20, unique=True, verbose_name="chaîne"),
        ),
        migrations.AlterField(
            model_name="entreejournal",
            name="chaine",
            field=models.CharField(max_length=20, verbose_name="chaîne"),
        ),
    ]
