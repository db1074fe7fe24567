app_name = "confiance"

urlpatterns = []
