from django.urls import include, path

from coflight.urls import urlpatterns as coflight

urlpatterns = [*coflight, path("bench/fortunes/", include("bench.fortunes.urls"))]
