app_name = "ressources"

urlpatterns = []
