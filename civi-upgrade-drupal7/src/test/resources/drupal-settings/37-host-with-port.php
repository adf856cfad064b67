<?php
# expect: refused "'host' in $databases['default']['default'] is not a host name"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'jura', 'username' => 'ju', 'password' => 'jp', 'host' => 'db.example.org:3307');
