<?php
define('CIVICRM_DSN', 'mysql://u:p@db.example.org:3306/civi?new_link=true&ssl=1&ca=/etc/ssl/ca.pem');
