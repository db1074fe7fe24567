app_name = "territoires"

urlpatterns = []
