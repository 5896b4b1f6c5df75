from django.urls import include, path

from coflight.urls import urlpatterns as site

urlpatterns = [*site, path("bench/fortunes/", include("coflight.fortunes.urls"))]
