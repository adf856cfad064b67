<?php
@define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
define('CIVICRM_DSN', 'mysql://other_u:s3cr3t@dbhost.example/other?new_link=true');
